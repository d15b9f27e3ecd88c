@echo off
rem Teller server-core: bin\teller-server.bat serve ^| migrate ^| verify ^| create-operator ^| --help ^| --version
rem Settings come from the environment (see README.md). JAVA_HOME picks the Java 17+ to use, JAVA_OPTS adds JVM options.
setlocal
set "HERE=%~dp0.."
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -version >nul 2>&1
if errorlevel 1 (
  echo teller-server: Java 17 or newer is needed ^(set JAVA_HOME or put java on PATH^) 1>&2
  exit /b 3
)
"%JAVA%" %JAVA_OPTS% -Dfile.encoding=UTF-8 -jar "%HERE%\lib\teller-server-core.jar" %*
exit /b %ERRORLEVEL%
