/* Ballot codes and voter tokens on the vote page: the rules the count applies afterwards, checked before a vote
 * is sent.
 *
 * `rules` is the vote's page configuration (scripts/postergallery/features/vote.py client_config), which carries
 * them from where the count reads them: the code alphabet, its length and the separators a voter may type
 * (a regular expression) from scripts/postergallery/commands/codes.py, and the token pattern (another) from
 * vote.py. The check symbol is an algorithm, not data: codeIsWellFormed computes it as codes.py does, and
 * tests/js/ballot.test.mjs compares the two on every kind of input.
 */
export const TOKEN_BYTES = 16; // 128 random bits, written as the 32 hex digits of rules.tokenPattern

/** `bytes` random bytes as hex digits, from the browser's cryptographic random source. */
export function randomHex(bytes, crypto = globalThis.crypto) {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether `token` is one this page makes (a stored one may have been written by anything on the origin). */
export function tokenIsValid(token, rules) {
  return typeof token === "string" && new RegExp(rules.tokenPattern).test(token);
}

/**
 * A typed code as the count stores it, as codes.py normalise does: compatibility forms folded (NFKC: full-width
 * letters and digits, no-break and other wide or narrow spaces), upper case, separators left out.
 */
export function normaliseCode(text, rules) {
  return String(text).normalize("NFKC").toUpperCase().replace(new RegExp(rules.codeSeparators, "g"), "");
}

/** Whether a normalised code has the right length, alphabet and check symbol (Luhn mod N, N symbols). */
export function codeIsWellFormed(code, rules) {
  const alphabet = rules.alphabet, n = alphabet.length;
  if (code.length !== rules.codeLength) return false;
  let total = 0, factor = 1;
  for (let i = code.length - 1; i >= 0; i--) {
    const index = alphabet.indexOf(code.charAt(i));
    if (index < 0) return false;
    const addend = factor * index;
    total += Math.floor(addend / n) + (addend % n);
    factor = factor === 1 ? 2 : 1;
  }
  return total % n === 0;
}
