import { describe, expect, it } from 'vitest';
import { TStruct, runTemplate } from '../../../src/lib/shell/docker/template';

const data = {
  Name: '/mypc',
  State: { Pid: 1217, Running: true },
  HostConfig: { ShmSize: 67108864 },
  Config: { Cmd: null, Labels: { 'io.x-k8s.kind.role': 'worker', a: '1' } },
  NetworkSettings: { Networks: { kind: { IPAddress: '172.18.0.100', IPPrefixLen: 16 }, bridge: { IPAddress: '172.17.0.2', IPPrefixLen: 16 } } },
  List: ['a', 'b']
};

function run(tpl: string, d: unknown = data): string {
  const r = runTemplate(tpl, d);
  if (!r.ok) throw new Error(r.error);
  return r.out;
}

describe('Go template subset', () => {
  it('walks fields of decoded JSON', () => {
    expect(run('{{.NetworkSettings.Networks.kind.IPAddress}}')).toBe('172.18.0.100');
    expect(run('{{.Name}} {{.State.Running}}')).toBe('/mypc true');
  });
  it('prints integer fields as integers (docker executes on its typed structs)', () => {
    expect(run('{{.State.Pid}} {{.HostConfig.ShmSize}} {{.NetworkSettings.Networks.kind.IPPrefixLen}}')).toBe('1217 67108864 16');
  });
  it('prints <no value> for a missing key and <nil> for null', () => {
    expect(run('{{.Nope}}|{{.Config.Cmd}}')).toBe('<no value>|<nil>');
  });
  it('ranges over maps in key order, with and without variables', () => {
    expect(run('{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}')).toBe('172.17.0.2 172.18.0.100 ');
    expect(run('{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}};{{end}}')).toBe('bridge=172.17.0.2;kind=172.18.0.100;');
    expect(run('{{range .Missing}}x{{else}}none{{end}}')).toBe('none');
  });
  it('supports index, json, join, pipes, if/else and trimming', () => {
    expect(run('{{index .Config.Labels "io.x-k8s.kind.role"}}')).toBe('worker');
    expect(run('{{(index .NetworkSettings.Networks "kind").IPAddress}}')).toBe('172.18.0.100');
    expect(run('{{json .State}}')).toBe('{"Pid":1217,"Running":true}');
    expect(run('{{join .List ","}} {{.Name | upper}}')).toBe('a,b /MYPC');
    expect(run('{{if eq .Name "/mypc"}}yes{{else if .Name}}other{{else}}no{{end}}')).toBe('yes');
    expect(run('a  {{- .Name -}}  b')).toBe('a/mypcb');
  });
  it('treats structs strictly and calls their methods', () => {
    const row = new TStruct('*formatter.ContainerContext', { Names: 'mypc', Label: (k: unknown) => (k === 'x' ? 'y' : '') });
    expect(run('{{.Names}} {{.Label "x"}}', row)).toBe('mypc y');
    const r = runTemplate('{{.Nope}}', row);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext');
  });
  it('reports parse errors like Go', () => {
    const r = runTemplate('{{.Name', data);
    expect(r).toEqual({ ok: false, error: 'template: :1: unclosed action', parse: true });
    const f = runTemplate('{{nosuch .Name}}', data);
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.error).toBe('template: :1: function "nosuch" not defined');
  });
});
