; Inno Setup 6 script for the kiosk on Windows: the same one-folder bundle as on Linux.
; Build on Windows (Inno Setup does not run here; this script is not built in CI):
;   .venv\Scripts\pyinstaller --noconfirm --distpath dist packaging\kiosk.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\thermal-kiosk.iss
; The version must be pyproject.toml's; the installed kiosk.exe --version prints it too.
; Uninstalling keeps the operator's data; the uninstaller asks whether to erase it, and
; `unins000.exe /SILENT /PURGEDATA` erases it without asking (kiosk erase-all-data).

#ifndef AppVersion
  #error Pass the version from pyproject.toml: iscc /DAppVersion=X.Y.Z thermal-kiosk.iss
#endif
#define AppName "Thermal-screening kiosk"
#define AppExe "kiosk.exe"
#define Bundle "..\..\dist\kiosk"

[Setup]
AppId={{8C2B6F3E-5A41-4E0B-9D7A-3F1C2E9B7A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=the thermal-screening kiosk authors
DefaultDirName={autopf}\Thermal Kiosk
DisableProgramGroupPage=yes
; Administrators install for every user; the dialog also offers a per-user install.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=thermal-kiosk-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Simplified Chinese ships with recent Inno Setup releases only; use it when present.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "autostart"; Description: "Start the kiosk when the kiosk user signs in"; GroupDescription: "Kiosk mode:"

[InstallDelete]
; An upgrade replaces the whole bundle: files an older version had must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\LICENSE"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\NOTICE"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autostartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: autostart

[Code]
function PurgeRequestedOnCommandLine(): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/PURGEDATA') = 0 then
      Result := True;
end;

procedure EraseKioskData();
var
  ResultCode: Integer;
begin
  { The erase runs as the account the uninstaller runs as: its data folder is the one
    erased, as `uninstall.sh --purge-data` does on Linux. }
  if not Exec(ExpandConstant('{app}\{#AppExe}'), 'erase-all-data --yes', '', SW_HIDE,
              ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
    SuppressibleMsgBox('The kiosk data could not be fully erased (exit code ' +
      IntToStr(ResultCode) + '). The program is removed anyway; delete the data folder ' +
      'by hand if it is still there.', mbError, MB_OK, IDOK);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { usUninstall comes before any file is removed, so kiosk.exe can still run. }
  if CurUninstallStep <> usUninstall then
    Exit;
  if PurgeRequestedOnCommandLine() then
    EraseKioskData()
  { Nested, not combined with "and": the question must never be asked when silent. }
  else if not UninstallSilent() then
    if MsgBox('Also erase all data the kiosk stored (screening records, face templates, ' +
        'consent records, audit log)? Choose No to keep it for a later installation.',
        mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      EraseKioskData();
end;
