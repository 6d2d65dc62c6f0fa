export * from './enums.js';
export * from './models.js';
