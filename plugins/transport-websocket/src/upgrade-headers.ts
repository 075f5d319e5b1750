import type { ConnectionIdentity, ContentArg, MessageTemplate } from 'kali';

/** One `-H 'Name: value'`, compiled through the content chain (it may hold expressions). */
interface HeaderTemplate {
  template: MessageTemplate;
}

/**
 * The upgrade request's extra headers. Static ones are rendered once; a header with
 * per-connection expressions (`-H 'X-Id: \{connection.uid}'`) is rendered for each connection.
 */
export class UpgradeHeaders {
  private readonly templates: HeaderTemplate[] = [];
  private readonly fixed: Record<string, string> | undefined;

  constructor(content: readonly ContentArg[], compile: (arg: ContentArg) => MessageTemplate) {
    for (const arg of content) {
      if (arg.option === 'header') this.templates.push({ template: compile(arg) });
    }
    if (this.templates.every((h) => h.template.bytes !== undefined)) {
      this.fixed = this.build(undefined);
    }
  }

  /** Header name → value for one connection. */
  forConnection(identity: ConnectionIdentity): Record<string, string> {
    return this.fixed ?? this.build(identity);
  }

  private build(identity: ConnectionIdentity | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { template } of this.templates) {
      const line = Buffer.from(render(template, identity)).toString('latin1');
      const colon = line.indexOf(':');
      // tcpkali warns about and skips empty or malformed headers at start-up; nothing to send.
      if (colon <= 0) continue;
      out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    return out;
  }
}

function render(t: MessageTemplate, identity: ConnectionIdentity | undefined): Uint8Array {
  if (t.bytes !== undefined) return t.bytes;
  const r = (t.bind as NonNullable<MessageTemplate['bind']>)(identity as ConnectionIdentity);
  if (r.bytes) return r.bytes;
  const out = new Uint8Array(t.maxLength);
  return out.subarray(0, r.render(out, 0, Date.now() * 1000));
}
