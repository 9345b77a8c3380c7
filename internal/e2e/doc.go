// Package e2e holds the browser tests of SecureHealth: it builds sites with the
// securehealth command and checks the output in headless Chromium, over loopback HTTP and
// from file://, for accessibility (axe-core), navigation by links alone and privacy (no
// third-party requests, no cookies).
//
// The package has no code of its own outside its tests. The tests need /usr/bin/chromium
// and axe-core (.ci/node_modules/axe-core/axe.min.js, or the file that SECUREHEALTH_AXE
// names); without them they skip, unless SECUREHEALTH_E2E=1, which .ci/run sets, makes
// that a failure. SECUREHEALTH_SCREENSHOTS=DIR saves screenshots of a few pages into DIR.
package e2e
