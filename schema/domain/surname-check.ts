import { ValidationError } from './errors';

/** Lower case without accents, as words of letters and digits: "Da Sílva's" is "da", "silva", "s". */
const words = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Fewer letters than this and a surname is not looked for: "Tô", "Do", "An" or "O" is an everyday word ("to", "a"). */
const SHORTEST_LOOKED_FOR = 3;

/** Whether `text` holds `surname` as a word, or as its words in a row ("da silva"). */
export function holdsSurname(text: string, surname: string | null): boolean {
  const name = words(surname ?? '');
  if (name.join('').length < SHORTEST_LOOKED_FOR) return false;
  const said = words(text);
  return said.some((_, i) => name.every((part, j) => said[i + j] === part));
}

/**
 * A commission's free text is read by people who know the child by reference (commissioners) or by
 * first name and reference (the provider): the child's surname in it is refused, as the form's hint
 * asks, before anything is written.
 */
export function refuseSurname(surname: string | null, fields: { path: string[]; text: string | null | undefined }[]) {
  for (const field of fields)
    if (field.text && holdsSurname(field.text, surname))
      throw ValidationError.field(
        field.path,
        'Leave out the child’s surname (even where it is also an ordinary word): the people who read this know the child by reference',
      );
}
