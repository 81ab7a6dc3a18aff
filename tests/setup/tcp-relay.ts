import { connect, createServer, type Socket } from 'node:net';

// What a standby answers a statement it cancels for a conflict with recovery: an ErrorResponse
// (SQLSTATE 40001), in PostgreSQL's wire protocol; then ReadyForQuery, failed in a transaction.
function recoveryConflict(): Buffer {
  const fields = [
    ['S', 'ERROR'],
    ['V', 'ERROR'],
    ['C', '40001'],
    ['M', 'canceling statement due to conflict with recovery'],
    ['D', 'User query might have needed to see row versions that must be removed.'],
  ]
    .map(([k, v]) => `${k}${v}\0`)
    .join('');
  const body = Buffer.from(`${fields}\0`);
  const head = Buffer.alloc(5);
  head.write('E');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
const readyForQuery = (status: number) => Buffer.from([0x5a, 0, 0, 0, 5, status === 0x54 ? 0x45 : status]);

// Splits a PostgreSQL protocol stream into whole messages (a type byte, then a length counting
// itself); a client's first message, the startup packet, has no type byte. No TLS: the test
// databases' URLs ask for none.
function messages(untypedFirst: boolean): (chunk: Buffer) => Buffer[] {
  let buffered: Buffer = Buffer.alloc(0);
  let untyped = untypedFirst;
  return (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const out: Buffer[] = [];
    for (;;) {
      const head = untyped ? 0 : 1;
      if (buffered.length < head + 4) break;
      const end = head + buffered.readInt32BE(head);
      if (buffered.length < end) break;
      out.push(buffered.subarray(0, end));
      buffered = buffered.subarray(end);
      untyped = false;
    }
    return out;
  };
}

/**
 * A TCP relay in front of a PostgreSQL server that a test can break: `cut` refuses new connections
 * and drops those open (the database gone), `hang` keeps them open but passes nothing (the database
 * hung), `restore` undoes either. `cancelNext(text)` plays a standby cancelling a statement: the
 * first statement sent with `text` in it (its Parse, so one not yet prepared on that connection)
 * has the server's whole answer to it replaced by a 40001 error. `url` is the database URL with the
 * relay's address.
 */
export async function startTcpRelay(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let open = true;
  let hung = false;
  let cancelText: string | null = null;
  let cancelled = 0;
  const relay = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    // Relayed whole messages at a time, counting ReadyForQuery ('Z'): the client asks for one with
    // its startup packet, each Sync ('S') and each simple Query ('Q'), and the server answers them in
    // order, so a statement's answer is the messages up to the ReadyForQuery numbered cancelAt.
    const fromClient = messages(true);
    const fromServer = messages(false);
    let asked = 0;
    let answered = 0;
    let cancelAt = 0;
    let startup = true;
    client.on('data', (chunk) => {
      if (hung) return;
      const out = fromClient(chunk);
      for (const m of out) {
        if (cancelText && !cancelAt && !startup && m.includes(cancelText)) {
          cancelText = null;
          cancelAt = asked + 1;
        }
        if (startup || m[0] === 0x53 || m[0] === 0x51) asked++;
        startup = false;
      }
      if (out.length) upstream.write(Buffer.concat(out));
    });
    // The answer replaced: its first message becomes the error (a client that flushed a statement
    // to learn its parameters waits for it, then sends its Sync), and its ReadyForQuery says so.
    let errorSent = false;
    upstream.on('data', (chunk) => {
      if (hung) return;
      const out: Buffer[] = [];
      for (const m of fromServer(chunk)) {
        const replaced = cancelAt === answered + 1;
        if (m[0] === 0x5a) answered++;
        if (!replaced) {
          out.push(m);
          continue;
        }
        if (!errorSent) out.push(recoveryConflict());
        errorSent = m[0] !== 0x5a;
        if (m[0] === 0x5a) {
          out.push(readyForQuery(m[5]!));
          cancelAt = 0;
          cancelled++;
        }
      }
      if (out.length) client.write(Buffer.concat(out));
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${(relay.address() as { port: number }).port}`;
  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  return {
    url: url.toString(),
    cut: () => {
      open = false;
      dropAll();
    },
    hang: () => {
      hung = true;
    },
    restore: () => {
      open = true;
      hung = false;
    },
    cancelNext: (text: string) => {
      cancelText = text;
    },
    /** How many statements the relay has cancelled so far. */
    cancelled: () => cancelled,
    close: () => {
      dropAll();
      relay.close();
    },
  };
}
