// Applies the reader's saved colour theme before the first paint: a classic (blocking)
// script in <head>, ahead of the stylesheets, so a dark page never flashes light (the
// CSP allows no inline script, hence a file). The theme switch (src/app/components/
// theme.rs) saves the choice under the same key; no saved choice follows the system
// (the stylesheet's prefers-color-scheme rules). Must never throw: storage can be
// blocked (privacy settings, sandboxed frames), and then the system's theme applies.
(function () {
  var root = document.documentElement;
  // A page written at build time shows the site's own articles; a `?src=` view shows
  // someone else's, so its static copy must not be seen (style.css hides it) while the
  // app loads them.
  if (/[?&]src=/.test(window.location.search)) root.setAttribute('data-bs-foreign', '');
  var theme = null;
  var pictures = null;
  try {
    theme = window.localStorage.getItem('broadsheet-theme');
    pictures = window.localStorage.getItem('broadsheet-pictures');
  } catch (e) {
    theme = null;
  }
  // Pictures from other sites declined (the footer's setting): style.css hides them
  // on a page written at build time before they are fetched.
  if (pictures === 'click' || pictures === 'never') root.setAttribute('data-bs-pictures', pictures);
  if (theme !== 'light' && theme !== 'dark') return;
  root.setAttribute('data-theme', theme);
  // The canvas and form controls before the stylesheet arrives, and scrollbars.
  var meta = document.querySelector('meta[name="color-scheme"]');
  if (meta) meta.setAttribute('content', theme);
})();
