/** The dashboard's entry: styles and the app, bundled by scripts/build-web.mjs into /assets/dashboard.{js,css}. */
import './styles.css';
import { render } from 'preact';
import { App } from './app';
import { prefetchEstate } from './estate';

// The grid is the landing page: its data is asked for before the app has even checked who is signed in.
if (location.hash === '' || location.hash === '#/') prefetchEstate();

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
