import { For, Show } from 'solid-js';
import { ages } from '../lib/format';

/** Age in whole years on a day (default today), from an ISO date of birth. */
export function ageOn(dateOfBirth: string, on = new Date()): number {
  const dob = new Date(dateOfBirth);
  let age = on.getFullYear() - dob.getFullYear();
  if (on.getMonth() < dob.getMonth() || (on.getMonth() === dob.getMonth() && on.getDate() < dob.getDate())) age--;
  return age;
}

/** What does not fit between a child and a service: their age against its range, its free places. */
export function fitProblems(
  child: { firstName: string | null; dateOfBirth?: string | null } | undefined,
  service: { minAge: number; maxAge: number; isFull?: boolean },
  units: number,
): string[] {
  const problems: string[] = [];
  if (child?.dateOfBirth) {
    const age = ageOn(child.dateOfBirth);
    if (age < service.minAge || age > service.maxAge)
      problems.push(
        `${child.firstName ?? 'The child'} is ${age}: this service is for ${ages(service.minAge, service.maxAge).toLowerCase()}. Check with the provider first.`,
      );
  }
  if (service.isFull && units > 0)
    problems.push(
      'This service is full: every place is taken. You can still send the request, but the provider cannot accept it until a place frees up.',
    );
  return problems;
}

/** GOV.UK warning text for each problem; nothing when everything fits. */
export function FitWarnings(props: { problems: string[] }) {
  return (
    <Show when={props.problems.length > 0}>
      <div data-testid="fit-warnings">
        <For each={props.problems}>
          {(p) => (
            <div class="govuk-warning-text">
              <span class="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">Warning</span>
                {p}
              </strong>
            </div>
          )}
        </For>
      </div>
    </Show>
  );
}
