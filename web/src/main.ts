import 'leaflet/dist/leaflet.css';
import './styles.css';

import { App } from './app';
import { loadLang } from './i18n';

loadLang();
document.title = document.documentElement.lang === 'en' ? 'elink — command center' : 'elink 区域应急联动指挥平台';
const root = document.getElementById('root');
if (root) void new App(root).boot();
