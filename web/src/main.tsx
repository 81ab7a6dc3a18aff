import { render } from 'solid-js/web';
import { App } from './app';
import './styles.scss';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
// Evaluating the app's modules and drawing it are two tasks, not one: on a slow phone each stays
// shorter, so the page answers input sooner (Lighthouse's total blocking time).
setTimeout(() => render(() => <App />, document.getElementById('root')!), 0);
