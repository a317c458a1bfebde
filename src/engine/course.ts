/**
 * The order of the course (lecture 1 and its seminar) that the examples follow: the threshold
 * neuron by hand, the trained perceptrons, XOR (impossible for one neuron, built from gates,
 * trained with a hidden layer), universal approximation (by construction, then trained), the
 * regressions and the classifiers. The app's New from Example list and the desktop menu both
 * list the examples in this order.
 */

/** Example ids (file names without `.bps.json`) in the course's order. */
export const COURSE_ORDER: readonly string[] = [
  'threshold-and',
  'threshold-or',
  'threshold-not',
  'perceptron-and',
  'perceptron-or',
  'perceptron-not',
  'xor-impossible',
  'xor-single-neuron',
  'xor-gates',
  'xor',
  'universal-approximation',
  'sine',
  'linear-regression',
  'diabetes-regression',
  'logistic-regression',
  'iris-mlp',
  'digits-softmax',
];

/**
 * The examples sorted in the course's order; examples the course does not list come after,
 * alphabetically by id.
 */
export function inCourseOrder<T extends { id: string }>(examples: readonly T[]): T[] {
  const rank = (id: string) => {
    const i = COURSE_ORDER.indexOf(id);
    return i < 0 ? COURSE_ORDER.length : i;
  };
  return [...examples].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}
