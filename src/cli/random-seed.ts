/**
 * A seed for a study given none: 31 random bits. From the global Web Crypto object, which Node loads
 * on first use; importing node:crypto instead would load it at every start of the CLI (~16 M
 * instructions, ~5 % of a short PostgreSQL worker's start, measured with callgrind).
 */
export function randomSeed(): number {
  return (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) >>> 1;
}
