/** The dashboard's entry: styles and the app, bundled by scripts/build-web.mjs into /assets/dashboard.{js,css}. */
import './styles.css';
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
