#!/usr/bin/env node
/**
 * Renders the app icon from its source, build/icon.svg, into the files electron-builder packs:
 * build/icon.png (512×512, Linux and the macOS .icns conversion) and build/icon.ico (Windows;
 * PNG-compressed entries 16–256 px, the ICO format Windows Vista and later read).
 *
 * Uses headless Chromium through playwright-core (already a dev dependency; no ImageMagick
 * needed). Run after editing the SVG: `node build/scripts/make-icons.mjs [path/to/chromium]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const build = fileURLToPath(new URL('../', import.meta.url));
const svg = readFileSync(build + 'icon.svg', 'utf8');
const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** ICONDIR + ICONDIRENTRY[] + PNG payloads (https://en.wikipedia.org/wiki/ICO_(file_format)). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

const browser = await chromium.launch({ executablePath, headless: true });
try {
  const page = await browser.newPage();
  const render = async (size) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };
  writeFileSync(build + 'icon.png', await render(512));
  const images = [];
  for (const size of [16, 32, 48, 64, 128, 256]) images.push({ size, png: await render(size) });
  writeFileSync(build + 'icon.ico', ico(images));
} finally {
  await browser.close();
}
