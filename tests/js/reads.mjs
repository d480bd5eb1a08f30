// A stock client's reads of Merit, as published (@polkadot/api, nothing patched), against a
// running merit-node with a live subnet 0: a pallet view function (found in the metadata and
// called through the RuntimeViewFunction API), a runtime API (MetagraphApi), Merit's JSON-RPC
// (merit_subnets) and a subscription (merit_subscribeEpochs, while blocks are sealed with
// engine_createBlock until an epoch completes), then a signed extrinsic (Staking.add_stake)
// followed to its block. Reports what it saw as JSON on the last line of stdout.
// Usage: node reads.mjs ws://127.0.0.1:9944
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';

const url = process.argv[2];
if (!url) {
  console.error('usage: node reads.mjs <ws url>');
  process.exit(2);
}

const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const bob = keyring.addFromUri('//Bob');

// --- A view function, as the metadata describes it. ---
const metadata = api.runtimeMetadata;
const pallet = metadata.asLatest.pallets.find((p) => p.name.toString() === 'Subnets');
const view = pallet.viewFunctions.find((f) => f.name.toString() === 'registration_costs');
const id = view.id.toU8a();
const answer = await api.call.runtimeViewFunction.executeViewFunction(
  { prefix: id.slice(0, 16), suffix: id.slice(16) },
  new Uint8Array(),
);
if (answer.isErr) throw new Error(`view function failed: ${answer.asErr.toString()}`);
const costs = api.registry
  .createType(api.registry.createLookupType(view.output), answer.asOk.toU8a(true))
  .toJSON();

// --- A runtime API: two columns of the first three UIDs. ---
const page = await api.call.metagraphApi.metagraphPage(0, ['Stake', 'Incentive'], 0, 3);
const pageJson = page.toJSON();

// --- Merit's JSON-RPC. ---
const subnets = await provider.send('merit_subnets', []);

// --- A subscription: seal blocks until subnet 0 completes an epoch. ---
const epoch = await new Promise((resolve, reject) => {
  let sealing = true;
  provider
    .subscribe('merit_epochCompleted', 'merit_subscribeEpochs', [0], (error, message) => {
      if (error) reject(error);
      else {
        sealing = false;
        resolve(message);
      }
    })
    .then(async () => {
      for (let i = 0; sealing && i < 40; i++) {
        await provider.send('engine_createBlock', [true, true, null]);
      }
      if (sealing) reject(new Error('no epoch within 40 blocks'));
    })
    .catch(reject);
});

// --- A signed extrinsic, followed to its block. ---
const hotkey = keyring.addFromUri('//Bob//stash');
const statuses = [];
const staked = await new Promise((resolve, reject) => {
  api.tx.staking
    .addStake(hotkey.address, 5n * 10n ** 12n)
    .signAndSend(bob, ({ status, events, dispatchError }) => {
      statuses.push(status.type);
      if (dispatchError) reject(new Error(`dispatch error: ${dispatchError.toString()}`));
      else if (status.isInBlock) {
        resolve(events.map(({ event }) => `${event.section}.${event.method}`));
      }
    })
    .catch(reject);
});

console.log(
  JSON.stringify({
    metadataVersion: metadata.version,
    viewFunction: { name: view.name.toString(), costs },
    metagraphPage: pageJson,
    meritSubnets: subnets,
    epoch,
    staked,
    statuses,
  }),
);
await api.disconnect();
