export interface Login {
  email: string;
  role: string;
  password: string;
}

/** The demo accounts in a box that stands out from build and server output. */
export function loginsBox(title: string, logins: readonly Login[], note?: string): string {
  const roleWidth = Math.max(...logins.map((l) => l.role.length));
  const emailWidth = Math.max(...logins.map((l) => l.email.length));
  const rows = logins.map((l) => `${l.role.padEnd(roleWidth)}  ${l.email.padEnd(emailWidth)}  ${l.password}`);
  const lines = [title, "", ...rows, ...(note ? ["", note] : [])];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = "─".repeat(width + 2);
  return [`┌${rule}┐`, ...lines.map((line) => `│ ${line.padEnd(width)} │`), `└${rule}┘`].join("\n");
}
