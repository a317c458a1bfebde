/**
 * Names that do not clash: `base` when it is free, else `base` + separator + 2, 3, … Each base
 * remembers the last suffix it gave, so that naming n clashing things takes linear time.
 */
export function nameGiver(taken: Set<string>, separator: string): (base: string) => string {
  const next = new Map<string, number>();
  return (base) => {
    let name = base;
    if (taken.has(name)) {
      let k = next.get(base) ?? 2;
      while (taken.has(`${base}${separator}${k}`)) k++;
      next.set(base, k + 1);
      name = `${base}${separator}${k}`;
    }
    taken.add(name);
    return name;
  };
}
