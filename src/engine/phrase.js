export function phrase(key, values) {
    return values ? { key, values } : { key };
}
export function isPhrase(value) {
    return typeof value === 'object' && value !== null && typeof value.key === 'string';
}
//# sourceMappingURL=phrase.js.map