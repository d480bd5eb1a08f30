// polkadot-api (PAPI), as published, against a running merit-node with a live subnet 0, using
// descriptors its own CLI generated from the node's metadata (see tests/tests/e2e/reads/stock_clients.rs):
// a pallet view function (typedApi.view), a runtime API (typedApi.apis), Merit's JSON-RPC
// (merit_subnets), a subscription (merit_subscribeEpochs over PAPI's WebSocket provider, while
// blocks are sealed until an epoch completes) and a signed extrinsic (Staking.add_stake)
// followed to its block. Reports what it saw as JSON on the last line of stdout.
// Usage: node --experimental-websocket papi.mjs <ws url> <descriptors index.js>
import { createClient } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { pathToFileURL } from 'node:url';

const [url, descriptorsPath] = process.argv.slice(2);
if (!url || !descriptorsPath) {
  console.error('usage: node papi.mjs <ws url> <descriptors index.js>');
  process.exit(2);
}
const { merit } = await import(pathToFileURL(descriptorsPath).href);
const client = createClient(getWsProvider(url));
const api = client.getTypedApi(merit);
// BigInts (amounts) as decimal strings in the report.
const json = (value) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));

// --- A view function and a runtime API, typed from the metadata. ---
const costs = await api.view.Subnets.registration_costs();
const page = await api.apis.MetagraphApi.metagraph_page(
  0,
  [{ type: 'Stake', value: undefined }, { type: 'Incentive', value: undefined }],
  0,
  3,
);

// --- Merit's JSON-RPC. ---
const subnets = await client._request('merit_subnets', []);

// --- A subscription, on PAPI's own WebSocket provider. ---
const epoch = await new Promise((resolve, reject) => {
  let id = 0;
  const pending = new Map();
  const request = (method, params) =>
    new Promise((done) => {
      id += 1;
      pending.set(id, done);
      connection.send({ jsonrpc: '2.0', id, method, params });
    });
  let sealing = true;
  const connection = getWsProvider(url)((message) => {
    const parsed = typeof message === 'string' ? JSON.parse(message) : message;
    if (parsed.id !== undefined && pending.has(parsed.id)) {
      pending.get(parsed.id)(parsed);
      pending.delete(parsed.id);
    } else if (parsed.method === 'merit_epochCompleted') {
      sealing = false;
      connection.disconnect();
      resolve(parsed.params.result);
    }
  });
  request('merit_subscribeEpochs', [0]).then(async (subscribed) => {
    if (subscribed.error) return reject(new Error(JSON.stringify(subscribed.error)));
    for (let i = 0; sealing && i < 40; i++) await request('engine_createBlock', [true, true, null]);
    if (sealing) reject(new Error('no epoch within 40 blocks'));
  });
});

// --- A signed extrinsic, with a signer from the keyring's sr25519 key. ---
await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const charlie = keyring.addFromUri('//Charlie');
const signer = getPolkadotSigner(charlie.publicKey, 'Sr25519', (bytes) => charlie.sign(bytes));
const hotkey = keyring.addFromUri('//Charlie//stash').address;
const result = await api.tx.Staking.add_stake({ hotkey, amount: 3n * 10n ** 12n }).signAndSubmit(signer);

console.log(
  JSON.stringify({
    costs: json(costs),
    page: json(page),
    meritSubnets: subnets,
    epoch,
    staked: {
      ok: result.ok,
      events: result.events.map((e) => `${e.type}.${e.value.type}`),
      block: result.block.number,
    },
  }),
);
client.destroy();
