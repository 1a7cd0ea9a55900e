/// <reference lib="webworker" />
import ELK from "elkjs/lib/elk.bundled.js";
import { handleLayout, type LayoutRequest } from "./layout";

// ELK runs here, off the main thread, so laying out thousands of boxes never freezes the page.
// The bundled ELK installs its own `onmessage` when loaded in a worker; this one replaces it.
const elk = new ELK();
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (message: MessageEvent<LayoutRequest>) => {
  scope.postMessage(await handleLayout(elk, message.data));
};
