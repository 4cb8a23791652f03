// Applies the reader's saved colour theme before the first paint: a classic (blocking)
// script in <head>, ahead of the stylesheets, so a dark page never flashes light (the
// CSP allows no inline script, hence a file). The theme switch (src/app/components/
// theme.rs) saves the choice under the same key; no saved choice follows the system
// (the stylesheet's prefers-color-scheme rules). Must never throw: storage can be
// blocked (privacy settings, sandboxed frames), and then the system's theme applies.
(function () {
  var theme = null;
  try {
    theme = window.localStorage.getItem('broadsheet-theme');
  } catch (e) {
    theme = null;
  }
  if (theme !== 'light' && theme !== 'dark') return;
  var root = document.documentElement;
  root.setAttribute('data-theme', theme);
  // The canvas and form controls before the stylesheet arrives, and scrollbars.
  var meta = document.querySelector('meta[name="color-scheme"]');
  if (meta) meta.setAttribute('content', theme);
})();
