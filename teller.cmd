@echo off
rem Teller's developer entry point on Windows (what ./teller does elsewhere; needs a JDK 17+ and Maven on PATH).
rem   teller.cmd                 open the desktop console (Local: bundled server, demo data in %USERPROFILE%\.teller\demo)
rem   teller.cmd desktop [ARGS]  the same with ARGS instead, e.g. teller.cmd desktop --local
rem   teller.cmd server [ARGS]   the headless server-core, e.g. teller.cmd server serve --demo
rem   teller.cmd test            run the whole test suite (what CI runs)
rem   teller.cmd bench [ARGS]    benchmark approvals, see docs\benchmarks.md
rem   teller.cmd bench-desktop   the desktop's queue under load (TestFX on Monocle), see docs\benchmarks.md
rem   teller.cmd build           build the jars (server-core, ui, app), skipping tests
rem   teller.cmd package         build the .msi, the portable .zip and the server distribution into packaging\target\dist
rem Unlike ./teller it does not compare file dates: after changing sources, run "teller.cmd build" first.
setlocal
cd /d "%~dp0"
set "CMD=%~1"
if "%CMD%"=="" set "CMD=desktop"
if /i "%CMD%"=="test" ( mvn -B verify & exit /b %ERRORLEVEL% )
if /i "%CMD%"=="build" ( call :build & exit /b %ERRORLEVEL% )
if /i "%CMD%"=="package" (
  mvn -B -q -DskipTests package -pl packaging -am || exit /b 1
  dir packaging\target\dist
  exit /b 0
)
if /i "%CMD%"=="bench-desktop" (
  mvn -B -q -pl app -am test -Dtest=DesktopQueueBench -Dsurefire.failIfNoSpecifiedTests=false -Denforcer.skip=true -Dcyclonedx.skip=true || exit /b 1
  type app\target\desktop-bench.json
  exit /b 0
)
if /i "%CMD%"=="server" goto server
if /i "%CMD%"=="bench" goto bench
if /i "%CMD%"=="desktop" goto desktop
echo usage: teller.cmd [desktop^|server^|test^|bench^|bench-desktop^|build^|package] [ARGS] 1>&2
exit /b 2

:server
shift
if not exist server-core\target\teller-server-core.jar call :build || exit /b 1
set "ARGS="
:server_args
if "%~1"=="" goto server_run
set "ARGS=%ARGS% %1"
shift
goto server_args
:server_run
java -jar server-core\target\teller-server-core.jar %ARGS%
exit /b %ERRORLEVEL%

:bench
shift
if not exist server-core\target\teller-server-core.jar call :build || exit /b 1
set "ARGS="
:bench_args
if "%~1"=="" goto bench_run
set "ARGS=%ARGS% %1"
shift
goto bench_args
:bench_run
java -jar server-core\target\teller-server-core.jar bench %ARGS%
exit /b %ERRORLEVEL%

:desktop
if /i "%~1"=="desktop" shift
if not exist app\target\teller-desktop.jar call :build || exit /b 1
set "ARGS="
:desktop_args
if "%~1"=="" goto desktop_run
set "ARGS=%ARGS% %1"
shift
goto desktop_args
:desktop_run
rem With no arguments the first run shows a populated queue: demo data, kept apart from real data.
if "%ARGS%"=="" set "ARGS=--demo"
rem A checkout keeps its data in %USERPROFILE%\.teller (installed bundles use %LOCALAPPDATA%\Teller).
if not defined TELLER_DESKTOP_DATA_DIR set "TELLER_DESKTOP_DATA_DIR=%USERPROFILE%\.teller"
java -jar app\target\teller-desktop.jar %ARGS%
exit /b %ERRORLEVEL%

:build
echo building Teller (tests skipped)... 1>&2
mvn -B -q -DskipTests package -pl app -am
exit /b %ERRORLEVEL%
