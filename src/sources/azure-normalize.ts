// Moved to src/snapshot/azure/normalize.ts (the model sources and checks share); kept for existing importers.
export * from '../snapshot/azure/normalize.js';
