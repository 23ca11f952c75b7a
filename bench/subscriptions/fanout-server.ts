// The baseline server of the fanout benchmark, run as a child process (so its memory is its own): a bare
// `ws` server that relays each message a client sends to every other client. It reports
// `{ type: 'ready', port }`, and exits on the IPC request 'stop'.
import { WebSocketServer, type WebSocket } from 'ws';

export type ServerReply = { type: 'ready'; port: number };

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
wss.on('connection', (socket: WebSocket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of wss.clients) if (client !== socket) client.send(data, { binary: isBinary });
  });
});
process.on('message', (request: 'stop') => {
  if (request !== 'stop') return;
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
});
const address = wss.address();
const reply: ServerReply = { type: 'ready', port: address !== null && typeof address === 'object' ? address.port : 0 };
process.send!(reply);
