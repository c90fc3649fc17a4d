/**
 * `wallaroo-emulator` / `npm run emulator -- [flags]`: parse flags, start the server, print
 * exactly `Wallaroo emulator listening on http://HOST:PORT` as the first stdout line, and
 * stop cleanly on SIGINT/SIGTERM.
 */
import { HELP, parseArgs } from './args.js';
import { startEmulator } from './server.js';
async function main() {
    let opts;
    try {
        opts = parseArgs(process.argv.slice(2), process.env);
    }
    catch (err) {
        process.stderr.write(`wallaroo-emulator: ${err.message}\n`);
        process.exit(2);
    }
    if (opts.help) {
        process.stdout.write(HELP);
        return;
    }
    const { help: _h, verbose, ...options } = opts;
    void _h;
    if (verbose)
        options.log = (line) => process.stderr.write(line + '\n');
    const emulator = await startEmulator(options);
    process.stdout.write(`Wallaroo emulator listening on ${emulator.url}\n`);
    const stop = () => {
        emulator.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}
main().catch((err) => {
    process.stderr.write(`wallaroo-emulator: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
