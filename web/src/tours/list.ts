// The guided tours the page offers, by id and in a few words (the steps load only when a tour starts).

export const tourList: readonly { id: string; title: string }[] = [
  { id: '000', title: 'Why step against the gradient' },
  { id: '001', title: 'Fitting a line, one derivative at a time' },
  { id: '002', title: 'Learning rates, convexity, sick gradients' },
];

export const tourIds: readonly string[] = tourList.map((t) => t.id);

/** A tour's name, as its button and its card both read it. */
export function tourTitle(id: string): string {
  return tourList.find((t) => t.id === id)!.title;
}
