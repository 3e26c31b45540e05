// velum's AudioWorklet for the Voice page: copies the microphone's input
// blocks to the page in batches of kBatchFrames; the page encodes the WAV.
const kBatchFrames = 4096;

class VelumCollector extends AudioWorkletProcessor {
  constructor() { super(); this.buffer = new Float32Array(kBatchFrames); this.filled = 0; this.stopped = false;
    this.port.onmessage = () => { this.flush(); this.stopped = true; this.port.postMessage('done'); }; }
  flush() { if (this.filled > 0) { this.port.postMessage(this.buffer.slice(0, this.filled)); this.filled = 0; } }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && !this.stopped) {
      let offset = 0;
      while (offset < channel.length) {
        const n = Math.min(channel.length - offset, this.buffer.length - this.filled);
        this.buffer.set(channel.subarray(offset, offset + n), this.filled);
        this.filled += n; offset += n;
        if (this.filled === this.buffer.length) this.flush();
      }
    }
    return !this.stopped;
  }
}
registerProcessor('velum-collector', VelumCollector);
