// A stock client against a running merit-node: @polkadot/api decodes the metadata, reads the
// token properties, signs a transfer with every transaction extension the runtime declares,
// follows it to finality and reports what happened, as JSON on the last line of stdout.
// Usage: node transfer.mjs ws://127.0.0.1:9944
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';

const url = process.argv[2];
if (!url) {
  console.error('usage: node transfer.mjs <ws url>');
  process.exit(2);
}
const AMOUNT = 7n * 10n ** 12n; // 7 MRT

const api = await ApiPromise.create({ provider: new WsProvider(url), throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const alice = keyring.addFromUri('//Alice');
const eve = keyring.addFromUri('//Eve');

const properties = await api.rpc.system.properties();
const before = (await api.query.system.account(eve.address)).data.free.toBigInt();
const estimate = await api.tx.balances.transferKeepAlive(eve.address, AMOUNT).paymentInfo(alice);

// Every status the pool reports, in order, until the transfer is finalized: a client that
// waits for `isInBlock` (the common idiom) must see it on every sealing mode.
const statuses = [];
const events = await new Promise((resolve, reject) => {
  let seen;
  api.tx.balances
    .transferKeepAlive(eve.address, AMOUNT)
    .signAndSend(alice, ({ status, events, dispatchError }) => {
      statuses.push(status.type);
      if (dispatchError) reject(new Error(`dispatch error: ${dispatchError.toString()}`));
      else if (status.isInBlock || status.isFinalized) {
        seen ??= events.map(({ event }) => `${event.section}.${event.method}`);
      }
      if (status.isFinalized) resolve(seen);
    })
    .catch(reject);
});
const after = (await api.query.system.account(eve.address)).data.free.toBigInt();

console.log(
  JSON.stringify({
    chain: (await api.rpc.system.chain()).toString(),
    tokenSymbol: properties.tokenSymbol.unwrap()[0].toString(),
    tokenDecimals: properties.tokenDecimals.unwrap()[0].toNumber(),
    ss58Format: api.registry.chainSS58,
    events,
    statuses,
    received: (after - before).toString(),
    amount: AMOUNT.toString(),
    feeEstimate: estimate.partialFee.toString(),
  }),
);
await api.disconnect();
