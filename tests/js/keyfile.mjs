// polkadot.js key files both ways, for `merit wallet` (tests/tests/e2e/cli.rs):
//   node keyfile.mjs <ws url, unused> decode <key file> <password>
//     opens a key file `merit` wrote, signs with it and checks the signature; prints
//     {"address", "signatureValid"}.
//   node keyfile.mjs <ws url, unused> encode <secret URI> <password> <out file>
//     writes the key file polkadot.js exports for the key, set to Polkadot's address format
//     (prefix 0, as polkadot.js Apps exports on Polkadot); prints {"address"}.
import { readFileSync, writeFileSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';

const [, , , command, arg, password, out] = process.argv;
await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
if (command === 'decode') {
  const pair = keyring.addFromJson(JSON.parse(readFileSync(arg, 'utf8')));
  pair.decodePkcs8(password);
  const message = new TextEncoder().encode('merit key file check');
  const signature = pair.sign(message);
  const { isValid } = signatureVerify(message, signature, pair.address);
  console.log(JSON.stringify({ address: pair.address, signatureValid: isValid }));
} else if (command === 'encode') {
  const polkadot = new Keyring({ type: 'sr25519', ss58Format: 0 });
  const pair = polkadot.addFromUri(arg, { name: 'from polkadot.js' });
  writeFileSync(out, JSON.stringify(pair.toJson(password)));
  console.log(JSON.stringify({ address: pair.address }));
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
