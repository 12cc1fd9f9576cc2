// Class labels as one readable list: plain where a label is plain, quoted where a comma, a quote or spaces would blur the list.

/**
 * The labels joined by `, `; a label that holds a comma or a double quote, starts or ends with a
 * space, or is empty is written in double quotes with `"` and `\` escaped (JSON's string rules),
 * so `a, b` as one label reads `"a, b"` and never as two.
 *
 * @example
 * labelList(['setosa', 'versicolor']); // 'setosa, versicolor'
 * labelList(['a, b', 'c']); // '"a, b", c'
 */
export function labelList(labels: readonly string[]): string {
  return labels.map((label) => (/[,"\\]|^\s|\s$|^$/.test(label) ? JSON.stringify(label) : label)).join(', ');
}
