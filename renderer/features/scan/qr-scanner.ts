/**
 * Reads one QR code from the camera: `getUserMedia` → <video> → a canvas frame every ~120 ms →
 * jsQR (pure-JS port of ZXing's QR reader, ISO/IEC 18004). The camera is held only while a scan
 * runs: every track is stopped as soon as a code is read, the scan is cancelled, or it fails, so
 * the browser's (and Electron's) camera permission is in use only while the operator scans.
 * Frames stay in memory and are overwritten by the next one; nothing is stored or sent anywhere.
 */
import jsQR from 'jsqr';

const FRAME_INTERVAL_MS = 120;
/** Frames are scaled down to at most this width: a handout QR needs far fewer pixels. */
const MAX_FRAME_WIDTH = 960;

export interface QrScan {
  /** Stops the camera and the frame loop; safe to call more than once. */
  stop(): void;
}

/** Starts the camera into `video` and calls `onRead` once with the first QR text found. */
export async function startQrScan(video: HTMLVideoElement, onRead: (text: string) => void): Promise<QrScan> {
  if (!(video instanceof HTMLVideoElement)) throw new TypeError('video must be an HTMLVideoElement');
  if (typeof onRead !== 'function') throw new TypeError('onRead must be a function');
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser offers no camera access (it needs a secure or local origin).');
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.pause();
    video.srcObject = null;
  };
  if (!context) {
    stop();
    throw new Error('This browser cannot read camera frames (no 2D canvas).');
  }
  const tick = () => {
    if (stopped) return;
    const text = readFrame(video, canvas, context);
    if (text !== null) {
      stop();
      onRead(text);
      return;
    }
    timer = setTimeout(tick, FRAME_INTERVAL_MS);
  };
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
  } catch (err) {
    stop();
    throw err;
  }
  tick();
  return { stop };
}

function readFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement, context: CanvasRenderingContext2D): string | null {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return null;
  const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
  const width = Math.round(video.videoWidth * scale);
  const height = Math.round(video.videoHeight * scale);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  context.drawImage(video, 0, 0, width, height);
  const frame = context.getImageData(0, 0, width, height);
  // Printed handouts are dark modules on light paper, so the inverted pass is skipped.
  const code = jsQR(frame.data, width, height, { inversionAttempts: 'dontInvert' });
  return code && code.data !== '' ? code.data : null;
}

/** A camera failure in words an operator can act on. */
export function cameraErrorMessage(err: unknown): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError': return 'The camera permission was refused. Allow the camera for this scan, or type the share instead.';
    case 'NotFoundError': return 'No camera was found. Type the share instead.';
    case 'NotReadableError': return 'The camera is in use by another program. Close it, or type the share instead.';
    default: return `The camera could not start${err instanceof Error && err.message ? ` (${err.message})` : ''}. Type the share instead.`;
  }
}
