// What tests/browser/test_web_framework.py drives in the page: the real roundware-web-framework,
// unmodified (the package requires core-js modules without declaring core-js: package.json adds it),
// and a recorder that makes audio the way a web app does before handing it to the library.
import { GeoListenMode, Roundware } from "roundware-web-framework";

/** Record `seconds` of a sine tone with MediaRecorder, as a web app records its microphone:
 * resolves to the recorded Blob (audio/webm with Opus in Chromium). */
async function recordTone(seconds, frequency) {
  const context = new AudioContext();
  await context.resume();
  const oscillator = new OscillatorNode(context, { frequency });
  const destination = context.createMediaStreamDestination();
  oscillator.connect(destination);
  const recorder = new MediaRecorder(destination.stream, { mimeType: "audio/webm;codecs=opus" });
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  oscillator.start();
  recorder.start();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  recorder.stop();
  await stopped;
  oscillator.stop();
  await context.close();
  return new Blob(chunks, { type: recorder.mimeType });
}

window.RoundwareWebFramework = { Roundware, GeoListenMode };
window.recordTone = recordTone;
