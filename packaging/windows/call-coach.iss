; Inno Setup 6.3+ script: wraps the PyInstaller bundle (dist\call-coach\) into
; dist\CallCoach-Setup-<version>.exe. Run from the repository root on Windows, after
; `python packaging\icons\make_icons.py`, `python packaging\licenses\collect.py` and
; `pyinstaller packaging\call-coach.spec`:
;
;   iscc /DAppVersion=<version from pyproject.toml> packaging\windows\call-coach.iss
;
; Installs per user by default (no administrator needed; the wizard offers all users).
; User data lives in %LOCALAPPDATA%\call-coach, which neither an upgrade nor the
; uninstaller touches.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z packaging\windows\call-coach.iss
#endif
#define Root "..\.."

[Setup]
; The AppId ties upgrades and the uninstaller to this app: never change it.
AppId={{B557F6A1-0139-4A89-8CC4-2AD449C885FC}
AppName=Call Coach
AppVersion={#AppVersion}
AppVerName=Call Coach {#AppVersion}
AppPublisher=Call Coach developers
DefaultDirName={autopf}\Call Coach
DefaultGroupName=Call Coach
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=CallCoach-Setup-{#AppVersion}
SetupIconFile={#Root}\build\icons\call-coach.ico
UninstallDisplayIcon={app}\call-coach.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole runtime, so no file of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Root}\dist\call-coach\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Call Coach"; Filename: "{app}\call-coach.exe"
Name: "{autodesktop}\Call Coach"; Filename: "{app}\call-coach.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\call-coach.exe"; Description: "{cm:LaunchProgram,Call Coach}"; Flags: nowait postinstall skipifsilent
