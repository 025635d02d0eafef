/**
 * AES-256-GCM vectors from McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", revised
 * 2005, Appendix B, test cases 13, 14 and 16 (the 256-bit-key cases with a 96-bit IV; the same
 * values appear in NIST's GCM validation suite). Shared by the tests of both openers.
 */
export const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

export const VECTORS = [
  {
    name: 'test case 13 (empty plaintext, no AAD)',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000', plaintext: '', aad: '', ciphertext: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'test case 14 (one zero block)',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000', plaintext: '00000000000000000000000000000000', aad: '',
    ciphertext: 'cea7403d4d606b6e074ec5d3baf39d18', tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    name: 'test case 16 (60-byte plaintext, 20-byte AAD)',
    key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
    iv: 'cafebabefacedbaddecaf888',
    plaintext: 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    ciphertext: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];
