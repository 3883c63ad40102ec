/**
 * Port checks done before starting a server, so a clash is reported in plain words instead
 * of as a bind error buried in a child process's log. Node-only.
 */
import net from 'node:net';

/** Which setting chooses the port, so the message can say what to change. */
export interface PortOwner {
  /** Environment variable that sets the port, e.g. `PB_PORT`. */
  variable: string;
}

/**
 * Resolves when `port` can be listened on at `host`; the probe is closed again at once.
 *
 * @throws {Error} "Port 8090 is already in use. Stop the other program or set PB_PORT to a
 *   free port, e.g. PB_PORT=8091." (or a similar line when the port needs admin rights or
 *   the address does not belong to this machine)
 */
export async function assertPortFree(port: number, host: string, owner: PortOwner): Promise<void> {
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, resolve);
    });
  } catch (error) {
    throw new Error(describeListenError(error, port, host, owner), { cause: error });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Turns a bind failure into one line naming the port and the setting that fixes it. */
export function describeListenError(error: unknown, port: number, host: string, owner: PortOwner): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const suggestion = port === 65535 ? port - 1 : port + 1;
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use. Stop the other program or set ${owner.variable} to a free port, e.g. ${owner.variable}=${suggestion}.`;
    case 'EACCES':
      return `Port ${port} needs administrator rights on this machine. Set ${owner.variable} to a port above 1023, e.g. ${owner.variable}=${port < 1024 ? 8000 + port : suggestion}.`;
    case 'EADDRNOTAVAIL':
      return `The address ${host} does not belong to this machine, so nothing can listen on it. Use 127.0.0.1 (this machine only) or 0.0.0.0 (all networks).`;
    default:
      return `Cannot listen on ${host}:${port} (${code ?? String(error)}). Set ${owner.variable} to another port.`;
  }
}

/**
 * A port that was free a moment ago on `host` (the operating system picks it).
 * Another program could take it before it is used, which on a test machine is rare enough.
 *
 * @throws {Error} if nothing can listen on `host` at all
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error(`Could not find a free port on ${host}.`);
  return address.port;
}
