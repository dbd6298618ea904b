/**
 * The baseline beside the sidecar: a bare Fastify route returning a small JSON, in a process of its
 * own as the sidecar is, no logger, no hooks. `node bare-server.js <port>`; prints "listening".
 */
import fastify from 'fastify';

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const app = fastify({ logger: false });
  app.get('/bare', async () => ({ status: 'ok', bare: true }));
  await app.listen({ host: '127.0.0.1', port });
  process.stdout.write('listening\n');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`bare-server: ${String(error)}\n`);
  process.exit(1);
});
