import { render } from 'solid-js/web';
import { App } from './app';
import './styles.scss';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
render(() => <App />, document.getElementById('root')!);
