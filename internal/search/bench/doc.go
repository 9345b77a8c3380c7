// Package bench measures the search index against Pagefind (docs/benchmarks.md, "Search"):
// index build time, index bytes, the bytes a browser downloads for a first query and query
// latency in headless Chromium. Everything is in its tests, which skip unless
// SECUREHEALTH_BENCH=1, so that `go test ./...` never runs them; they read sites that were
// built beforehand (see docs/benchmarks.md for the commands):
//
//	SECUREHEALTH_BENCH=1             run at all
//	SECUREHEALTH_BENCH_OUT=DIR       our built site (securehealth build -o DIR)
//	SECUREHEALTH_BENCH_SRC=DIR       its site root, for BenchmarkSiteBuild
//	SECUREHEALTH_BENCH_PAGEFIND=DIR  a folder holding Pagefind's pagefind/ folder for the same HTML
//	SECUREHEALTH_BENCH_LANG=en       the language queried (default en)
//	SECUREHEALTH_BENCH_JSON=FILE     where TestDownloads and TestLatency also write their figures
package bench
