package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/securehealth/securehealth/internal/diag"
	"github.com/securehealth/securehealth/internal/pipeline"
	"github.com/securehealth/securehealth/internal/serve"
)

var serveCmd = &command{
	Name:      "serve",
	UsageLine: "serve [-s DIR] [--addr HOST:PORT] [--expose] [--drafts]",
	Short:     "preview the site: build in memory, serve on 127.0.0.1:1313, rebuild and reload on every save",
}

func init() { serveCmd.Run = runServe }

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(serveCmd, stderr)
	var opts pipeline.Options
	siteFlags(fs, &opts.Source)
	addr := "127.0.0.1:1313"
	fs.StringVar(&addr, "addr", addr, "address to listen on")
	expose := false
	fs.BoolVar(&expose, "expose", false, "allow an address beyond this machine (the preview is then reachable from the network)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include pages marked draft: true")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(stderr, "securehealth serve: --addr %q: %v; write it as 127.0.0.1:1313\n", addr, err)
		return exitUsage
	}
	if ip := net.ParseIP(host); !(host == "localhost" || ip != nil && ip.IsLoopback()) {
		if !expose {
			fmt.Fprintf(stderr, "securehealth serve: --addr %s would make the preview reachable from other machines; add --expose if that is what you want\n", addr)
			return exitUsage
		}
		fmt.Fprintf(stderr, "securehealth serve: warning: serving on %s: anyone who can reach this machine can read the preview, drafts included\n", addr)
	}

	srv := serve.New(opts)
	diags, err := srv.Rebuild()
	printDiags(stderr, diags)
	if err != nil && !errors.Is(err, pipeline.ErrContent) {
		fmt.Fprintf(stderr, "securehealth serve: error: %v\n", err)
		return exitContent
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "securehealth serve: %v\n", err)
		return exitContent
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Requests live in ctx, so that Ctrl-C also ends the browsers' event streams.
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go httpSrv.Serve(ln)
	fmt.Fprintf(stdout, "serving %s on http://%s/ (built in %s); press Ctrl-C to stop\n", opts.Source, ln.Addr(), srv.Took().Round(time.Millisecond))
	go func() {
		srv.Watch(ctx, opts.Source, func(paths []string, diags diag.List, err error) {
			printDiags(stderr, diags)
			if err != nil {
				fmt.Fprintf(stderr, "%s; the last good build stays in the browser\n", diags.Summary())
				return
			}
			fmt.Fprintf(stdout, "rebuilt in %s after a change to %d file(s); %d page(s) rendered\n", srv.Took().Round(time.Millisecond), len(paths), srv.Rendered())
		})
	}()
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	httpSrv.Shutdown(shutdown) // open event streams end with the request contexts
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}
