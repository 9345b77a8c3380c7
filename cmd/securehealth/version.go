package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is set by the release build (-ldflags "-X main.version=…").
var version = "0.1.0-dev"

var versionCmd = &command{
	Name:      "version",
	UsageLine: "version",
	Short:     "print the version of securehealth",
}

func init() {
	versionCmd.Run = func(args []string, stdout, stderr io.Writer) int {
		fs := newFlagSet(versionCmd, stderr)
		if code, ok := parseFlags(fs, args); !ok {
			return code
		}
		v := version
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v += "+" + s.Value[:12]
				}
			}
		}
		fmt.Fprintf(stdout, "securehealth %s\n", v)
		return exitOK
	}
}
