// A stock client votes in a referendum: @polkadot/api signs `convictionVoting.vote` as
// //Ferdie (aye, 10 MRT, conviction 1x) on the referendum given, waits for it in a block and
// reports the events and the referendum's tally as JSON on the last line of stdout.
// Usage: node vote.mjs ws://127.0.0.1:9944 <referendum index>
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';

const [url, index] = process.argv.slice(2);
if (!url || index === undefined) {
  console.error('usage: node vote.mjs <ws url> <referendum index>');
  process.exit(2);
}
const BALANCE = 10n * 10n ** 12n; // 10 MRT

const api = await ApiPromise.create({ provider: new WsProvider(url), throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const ferdie = keyring.addFromUri('//Ferdie');

const vote = { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: BALANCE } };
const events = await new Promise((resolve, reject) => {
  api.tx.convictionVoting
    .vote(index, vote)
    .signAndSend(ferdie, ({ status, events, dispatchError }) => {
      if (dispatchError) reject(new Error(`dispatch error: ${dispatchError.toString()}`));
      else if (status.isInBlock || status.isFinalized) {
        resolve(
          events
            .map(({ event }) => `${event.section}.${event.method}`)
            .filter((name) => !name.startsWith('system.') && !name.startsWith('balances.') && !name.startsWith('transactionPayment.')),
        );
      }
    })
    .catch(reject);
});
const info = (await api.query.referenda.referendumInfoFor(index)).unwrap();
const tally = info.asOngoing.tally;

console.log(
  JSON.stringify({
    events,
    ayes: tally.ayes.toString(),
    nays: tally.nays.toString(),
    support: tally.support.toString(),
  }),
);
await api.disconnect();
