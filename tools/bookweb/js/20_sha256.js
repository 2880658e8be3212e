/* SHA-256 and HMAC-SHA256 for the self-checks: the browser's crypto.subtle where it exists,
   else this file's own SHA-256, written from the definition in FIPS 180-4 (section 6.2) and
   HMAC from RFC 2104. crypto.subtle is missing on plain http from a host other than localhost
   and on file:// in some browsers; the book must check answers there too.
   CourseBook.hash.sha256(bytes) and .hmac(key, bytes) return Promises of a Uint8Array; .pure
   holds the synchronous script versions; .native says which path the page uses. */
"use strict";
CourseBook.hash = (function () {
  // the first 32 bits of the fractional parts of the cube roots of the first 64 primes
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  // the first 32 bits of the fractional parts of the square roots of the first 8 primes
  var H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  /* Pad the message (5.1.1): a 1 bit, zeros up to 56 mod 64 bytes, the length in bits as 64 bits. */
  function padded(bytes) {
    var length = bytes.length;
    var total = Math.ceil((length + 9) / 64) * 64;
    var block = new Uint8Array(total);
    block.set(bytes);
    block[length] = 0x80;
    var high = Math.floor(length / 0x20000000); // length * 8 / 2^32, without losing bits
    var low = (length * 8) >>> 0;
    var view = new DataView(block.buffer);
    view.setUint32(total - 8, high);
    view.setUint32(total - 4, low);
    return view;
  }

  function sha256(bytes) {
    var view = padded(bytes);
    var h = H0.slice();
    var w = new Array(64);
    for (var offset = 0; offset < view.byteLength; offset += 64) {
      var t;
      for (t = 0; t < 16; t++) w[t] = view.getUint32(offset + 4 * t);
      for (t = 16; t < 64; t++) {
        var s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        var s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (t = 0; t < 64; t++) {
        var sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var choose = (e & f) ^ (~e & g);
        var t1 = (k + sum1 + choose + K[t] + w[t]) | 0;
        var sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var majority = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (sum0 + majority) | 0;
        k = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    var out = new Uint8Array(32);
    var outView = new DataView(out.buffer);
    for (var i = 0; i < 8; i++) outView.setUint32(4 * i, h[i] >>> 0);
    return out;
  }

  function concat(parts) {
    var length = 0, i;
    for (i = 0; i < parts.length; i++) length += parts[i].length;
    var out = new Uint8Array(length);
    var at = 0;
    for (i = 0; i < parts.length; i++) {
      out.set(parts[i], at);
      at += parts[i].length;
    }
    return out;
  }

  /* HMAC (RFC 2104) with SHA-256: a 64-byte block, keys longer than it hashed first. */
  function hmac(key, message) {
    var block = new Uint8Array(64);
    block.set(key.length > 64 ? sha256(key) : key);
    var inner = new Uint8Array(64), outer = new Uint8Array(64);
    for (var i = 0; i < 64; i++) {
      inner[i] = block[i] ^ 0x36;
      outer[i] = block[i] ^ 0x5c;
    }
    return sha256(concat([outer, sha256(concat([inner, message]))]));
  }

  var subtle = typeof crypto !== "undefined" && crypto && crypto.subtle ? crypto.subtle : null;

  function nativeSha256(bytes) {
    return subtle.digest("SHA-256", bytes).then(function (buffer) {
      return new Uint8Array(buffer);
    });
  }

  function nativeHmac(key, message) {
    var algorithm = { name: "HMAC", hash: "SHA-256" };
    return subtle
      .importKey("raw", key, algorithm, false, ["sign"])
      .then(function (imported) {
        return subtle.sign("HMAC", imported, message);
      })
      .then(function (buffer) {
        return new Uint8Array(buffer);
      });
  }

  function promised(native, pure) {
    return function () {
      var args = arguments;
      if (subtle) {
        // a browser may list crypto.subtle and still refuse (an insecure context, an empty HMAC
        // key): this file's version answers then
        return native.apply(null, args).catch(function () {
          return pure.apply(null, args);
        });
      }
      return Promise.resolve(pure.apply(null, args));
    };
  }

  return {
    sha256: promised(nativeSha256, sha256),
    hmac: promised(nativeHmac, hmac),
    concat: concat,
    pure: { sha256: sha256, hmac: hmac },
    native: subtle !== null
  };
})();
