#!/usr/bin/env bash
# The one test command (README): installs what the tests need, builds everything, runs every test,
# and ends with "N passed, N failed". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
log_dir=$(mktemp -d /tmp/paxman-tests.XXXXXX)

# 1. Tools the tests drive for real, from Debian's packages; apt-get update once, only when one is missing.
need=()
command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)
command -v mosquitto_sub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v make >/dev/null 2>&1 || need+=(make)
command -v cppcheck >/dev/null 2>&1 || need+=(cppcheck)
command -v clang >/dev/null 2>&1 || need+=(clang)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
command -v lintian >/dev/null 2>&1 || need+=(lintian)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || {
    echo "could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

passed=0
failed=0
status=0

# axe-core for the touchscreen's accessibility checks, from npm into the test project's obj/ (not committed).
axe_prefix=tests/Paxman.Edge.Touchscreen.Tests/obj/axe
if [ ! -f "$axe_prefix/node_modules/axe-core/axe.min.js" ]; then
  echo "== npm: axe-core 4.14.1"
  npm install --no-save --no-audit --no-fund --prefix "$axe_prefix" axe-core@4.14.1 >"$log_dir/npm.log" 2>&1 || {
    cat "$log_dir/npm.log"; echo "could not install axe-core"; echo "0 passed, 1 failed"; exit 1; }
fi

# 2. The MCU-side C codec (firmware-protocol/c), with its own ctest suite.
if [ -f firmware-protocol/c/CMakeLists.txt ]; then
  echo "== firmware-protocol/c: build and ctest"
  if cmake -S firmware-protocol/c -B firmware-protocol/c/build -DCMAKE_BUILD_TYPE=Release >"$log_dir/cmake.log" 2>&1 \
     && cmake --build firmware-protocol/c/build -j 2 >>"$log_dir/cmake.log" 2>&1; then
    ctest --test-dir firmware-protocol/c/build --output-on-failure 2>&1 | tee "$log_dir/ctest.log"
    ctest_rc=${PIPESTATUS[0]}
    line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log_dir/ctest.log" | tail -1)
    c_failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/')
    c_total=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/')
    if [ -z "$line" ]; then c_failed=1; c_total=1; fi
    passed=$((passed + c_total - c_failed)); failed=$((failed + c_failed))
    [ "$ctest_rc" -eq 0 ] || status=1
  else
    cat "$log_dir/cmake.log"; echo "C codec build failed"; failed=$((failed + 1)); status=1
  fi
fi

# 2b. libFuzzer (clang, installed above) on the decoder and on the MCU core, for a bounded time
#     (firmware-protocol/README.md, "Fuzzing"; PX_FUZZ_SECONDS per target, default 14). A crash fails the run.
if [ -f firmware-protocol/c/CMakeLists.txt ]; then
  fuzz_seconds=${PX_FUZZ_SECONDS:-14}
  fuzz_build=firmware-protocol/c/build-fuzz
  echo "== firmware-protocol/c: libFuzzer, ${fuzz_seconds} s per target"
  if CC=clang cmake -S firmware-protocol/c -B "$fuzz_build" -DPX_FUZZ=ON -DCMAKE_BUILD_TYPE=Release >"$log_dir/fuzz.log" 2>&1 \
     && cmake --build "$fuzz_build" -j 2 --target fuzz_decoder fuzz_mcu >>"$log_dir/fuzz.log" 2>&1; then
    mkdir -p "$log_dir/seeds-decoder"
    # The golden and the invalid frames, as binary files, seed the decoder.
    grep -hv '^#' firmware-protocol/test-vectors/vectors.txt firmware-protocol/test-vectors/invalid.txt \
      | while IFS=$'\t' read -r name hex _; do
          [ -n "$hex" ] && printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" >"$log_dir/seeds-decoder/$name"
        done
    for target in fuzz_decoder fuzz_mcu; do
      corpus="$log_dir/corpus-$target"; mkdir -p "$corpus"
      seeds="$log_dir/seeds-decoder"; [ "$target" = fuzz_mcu ] && seeds="$root/firmware-protocol/c/fuzz/seeds-mcu"
      if (cd "$log_dir" && "$root/$fuzz_build/$target" -max_total_time="$fuzz_seconds" -artifact_prefix="$log_dir/$target-" \
            "$corpus" "$seeds") >"$log_dir/$target.log" 2>&1; then
        echo "$target: $(grep -E '^Done [0-9]+ runs' "$log_dir/$target.log" | tail -1), no crash"
        passed=$((passed + 1))
      else
        tail -40 "$log_dir/$target.log"; echo "$target found a crash (artifact in $log_dir)"
        failed=$((failed + 1)); status=1; keep_logs=1
      fi
    done
  else
    cat "$log_dir/fuzz.log"; echo "fuzz build failed (clang without libFuzzer? apt-get install libclang-rt-dev)"
    failed=$((failed + 1)); status=1
  fi
fi

# 3. The .NET solution: build once, then every test project (xunit.v3 on Microsoft.Testing.Platform).
echo "== dotnet build"
if ! dotnet build Paxman.Edge.sln -c Debug -nologo -clp:ErrorsOnly >"$log_dir/build.log" 2>&1; then
  cat "$log_dir/build.log"; echo "$passed passed, $((failed + 1)) failed"; exit 1
fi
# 3. The Debian packages the packaging tests install (README, "Running on the Linux board"): this tree's version and
#    the next (0.1.0 and 0.1.1, for UpgradeTests), built now so that no compile competes with the timed tests; the
#    test fixtures take them from PAXMAN_EDGE_DEB_DIR (and build their own when run without it).
echo "== packages"
deb_dir="$log_dir/debs"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
core=${version%%-*}
next="${core%.*}.$(( ${core##*.} + 1 ))"
for v in "$version" "$next"; do
  if bash src/packaging/build-deb.sh --fast --version "$v" --out "$deb_dir" >"$log_dir/deb-$v.log" 2>&1; then
    echo "paxman-edge $v built"
  else
    tail -40 "$log_dir/deb-$v.log"; echo "the $v package did not build"; failed=$((failed + 1)); status=1
  fi
done
export PAXMAN_EDGE_DEB_DIR="$deb_dir"

echo "== dotnet test"
# Every test project at once, but the MCU conformance suite: its windows model a dedicated MCU chip and a host that
# sends on time, which a process on this 2-core machine is not while the other projects run. It runs alone after.
dotnet test --solution Paxman.Edge.sln -c Debug --no-build -- --filter-not-class "*McuConformanceTests*" 2>&1 | tee "$log_dir/test.log"
test_rc=${PIPESTATUS[0]}
echo "== dotnet test: the MCU conformance suite, alone"
dotnet test --project tests/Paxman.Edge.Simulator.Tests -c Debug --no-build -- --filter-class "*McuConformanceTests*" 2>&1 | tee "$log_dir/conformance.log"
conformance_rc=${PIPESTATUS[0]}
for run in test conformance; do
  log="$log_dir/$run.log"
  rc=$test_rc; [ "$run" = conformance ] && rc=$conformance_rc
  net_total=$(grep -E "^\s+total: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  net_failed=$(grep -E "^\s+failed: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  net_passed=$(grep -E "^\s+succeeded: [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+")
  if [ -z "$net_total" ]; then
    echo "dotnet test ($run) printed no summary (exit $rc)"; net_failed=1; net_passed=0
  fi
  passed=$((passed + ${net_passed:-0})); failed=$((failed + ${net_failed:-0}))
  if [ "$rc" -ne 0 ] && [ "${net_failed:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
  [ "$rc" -eq 0 ] || status=1
done

[ "${keep_logs:-0}" -eq 1 ] || rm -rf "$log_dir"
echo "$passed passed, $failed failed"
exit $status
