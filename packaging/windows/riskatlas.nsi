; Risk Atlas installer for Windows (NSIS 3, built on Linux by packaging/build.sh with Debian's
; makensis -INPUTCHARSET UTF8).
;
; Defines given by build.sh: VERSION (from Cargo.toml), VIVERSION (X.Y.Z.0), STAGE (folder
; holding riskatlas.exe, riskatlas-cli.exe, maps\, LICENSE.txt, NOTICE.txt), ICON, OUTFILE.
;
; - Per-user install by default, no admin rights: RequestExecutionLevel user,
;   $LOCALAPPDATA\Programs\RiskAtlas, shortcuts and uninstall entry for the current user (HKCU).
; - "For all users" (page choice or /ALLUSERS on the command line): $PROGRAMFILES64\RiskAtlas,
;   all-users shortcuts, HKLM. If the installer is not elevated, it restarts itself with the
;   Windows elevation prompt ("runas"); in silent mode (/S) it fails with exit code 2 instead.
; - Installer languages: Albanian (default) and English; shortcuts and texts follow the choice.
; - Installed: the program (GUI riskatlas.exe, console riskatlas-cli.exe for scripts), the
;   offline Albania basemap pack (maps\*.mbtiles: the app looks in maps\ next to the .exe; read
;   only) and the licence/attribution notices. The demo project is embedded in the program and
;   written to the user's data folder on first start. The app writes nothing to $INSTDIR.
; - The uninstaller removes exactly the files installed here. The user's projects, settings
;   (%APPDATA%\ASHMDF\RiskAtlas) and tile cache (%LOCALAPPDATA%\ASHMDF\RiskAtlas) stay.

; A 64-bit installer for the 64-bit program (and so it runs under wine64 for the smoke test).
Target amd64-unicode
!include MUI2.nsh
!include LogicLib.nsh
!include nsDialogs.nsh
!include FileFunc.nsh
!include x64.nsh

!ifndef VERSION
  !error "build with packaging/build.sh (defines VERSION, VIVERSION, STAGE, ICON, OUTFILE)"
!endif

!define APP "Risk Atlas"
!define PUBLISHER "ASHMDF"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\RiskAtlas"
!define SETTINGS_KEY "Software\ASHMDF\RiskAtlas"

Name "${APP}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
SetCompressor /SOLID lzma
; Both .exe files are nearly the same bytes: a large dictionary stores the second almost free.
SetCompressorDictSize 64
InstallDir "$LOCALAPPDATA\Programs\RiskAtlas"
BrandingText "${APP} ${VERSION}"
ManifestDPIAware true
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} ${VERSION} Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT OR Apache-2.0"

Var AllUsers       ; "1": all users (Program Files, HKLM); "0": this user only
Var CustomDir      ; "1" when /D= chose the folder
Var RadioMe
Var RadioAll

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${STAGE}\LICENSE.txt"
Page custom ModePage ModePageLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\riskatlas.exe"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepData)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default.
!insertmacro MUI_LANGUAGE "Albanian"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString ModeTitle ${LANG_ALBANIAN} "Për kë të instalohet?"
LangString ModeTitle ${LANG_ENGLISH} "Install for whom?"
LangString ModeSub ${LANG_ALBANIAN} "Zgjidhni nëse Risk Atlas instalohet vetëm për ju apo për të gjithë përdoruesit e këtij kompjuteri."
LangString ModeSub ${LANG_ENGLISH} "Choose whether Risk Atlas is installed for you only or for every user of this computer."
LangString ModeMe ${LANG_ALBANIAN} "Vetëm për mua (rekomandohet, nuk kërkon të drejta administratori)"
LangString ModeMe ${LANG_ENGLISH} "Only for me (recommended, no administrator rights needed)"
LangString ModeAll ${LANG_ALBANIAN} "Për të gjithë përdoruesit (kërkon të drejta administratori)"
LangString ModeAll ${LANG_ENGLISH} "For all users (needs administrator rights)"
LangString NeedAdmin ${LANG_ALBANIAN} "Instalimi për të gjithë përdoruesit kërkon të drejta administratori."
LangString NeedAdmin ${LANG_ENGLISH} "Installing for all users needs administrator rights."
LangString AppDesc ${LANG_ALBANIAN} "Hartë e rrezikut për mbrojtjen e fëmijëve në Shqipëri"
LangString AppDesc ${LANG_ENGLISH} "Risk map for child protection in Albania"
LangString UninstallLink ${LANG_ALBANIAN} "Çinstalo Risk Atlas"
LangString UninstallLink ${LANG_ENGLISH} "Uninstall Risk Atlas"
LangString KeepData ${LANG_ALBANIAN} "Do të hiqen vetëm skedarët e programit. Projektet tuaja, parametrat dhe harta e ruajtur në kompjuter mbeten."
LangString KeepData ${LANG_ENGLISH} "Only the program files are removed. Your projects, settings and cached maps are kept."

Function .onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${If} ${Errors}
    StrCpy $AllUsers 0
  ${Else}
    StrCpy $AllUsers 1
  ${EndIf}
  StrCpy $CustomDir 0
  ${If} "$INSTDIR" != "$LOCALAPPDATA\Programs\RiskAtlas"
    StrCpy $CustomDir 1
  ${EndIf}
  !insertmacro MUI_LANGDLL_DISPLAY
  ${If} $AllUsers == 1
  ${AndIfNot} ${Silent}
    Call ElevateIfNeeded
  ${EndIf}
  Call ApplyMode
FunctionEnd

Function IsAdmin
  ; Leaves "1" on the stack when the installer runs with administrator rights.
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 == "Admin"
    Push 1
  ${Else}
    Push 0
  ${EndIf}
FunctionEnd

; All-users mode without rights: restart elevated (interactive) or fail (silent).
Function ElevateIfNeeded
  Call IsAdmin
  Pop $0
  ${If} $0 == 1
    Return
  ${EndIf}
  ${If} ${Silent}
    SetErrorLevel 2
    Quit
  ${EndIf}
  ExecShell "runas" "$EXEPATH" "/ALLUSERS"
  SetErrorLevel 0
  Quit
FunctionEnd

Function ApplyMode
  ${If} $AllUsers == 1
    Call IsAdmin
    Pop $0
    ${If} $0 != 1
      MessageBox MB_ICONSTOP "$(NeedAdmin)" /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    SetShellVarContext all
    SetRegView 64
    ${If} $CustomDir == 0
      StrCpy $INSTDIR "$PROGRAMFILES64\RiskAtlas"
    ${EndIf}
  ${Else}
    SetShellVarContext current
    ${If} $CustomDir == 0
      StrCpy $INSTDIR "$LOCALAPPDATA\Programs\RiskAtlas"
    ${EndIf}
  ${EndIf}
FunctionEnd

Function ModePage
  !insertmacro MUI_HEADER_TEXT "$(ModeTitle)" "$(ModeSub)"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateRadioButton} 0 20u 100% 14u "$(ModeMe)"
  Pop $RadioMe
  ${NSD_CreateRadioButton} 0 44u 100% 14u "$(ModeAll)"
  Pop $RadioAll
  ${If} $AllUsers == 1
    ${NSD_Check} $RadioAll
  ${Else}
    ${NSD_Check} $RadioMe
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function ModePageLeave
  ${NSD_GetState} $RadioAll $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $AllUsers 1
    Call ElevateIfNeeded
  ${Else}
    StrCpy $AllUsers 0
  ${EndIf}
  Call ApplyMode
FunctionEnd

Section "Risk Atlas" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\riskatlas.exe"
  File "${STAGE}\riskatlas-cli.exe"
  File "${STAGE}\LICENSE.txt"
  File "${STAGE}\NOTICE.txt"
  SetOutPath "$INSTDIR\maps"
  File "${STAGE}\maps\albania-basemap.mbtiles"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\riskatlas.exe" "" \
    "$INSTDIR\riskatlas.exe" 0 SW_SHOWNORMAL "" "$(AppDesc)"
  CreateShortcut "$SMPROGRAMS\${APP}\$(UninstallLink).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\riskatlas.exe" "" \
    "$INSTDIR\riskatlas.exe" 0 SW_SHOWNORMAL "" "$(AppDesc)"

  ; Add/remove programs entry (HKCU for this user, HKLM for all users).
  ${If} $AllUsers == 1
    StrCpy $1 " /ALLUSERS"
  ${Else}
    StrCpy $1 ""
  ${EndIf}
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\riskatlas.exe"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"$1'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S$1'
  WriteRegStr SHCTX "${UNINST_KEY}" "ShortcutName" "$(UninstallLink)"
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $2 $3
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${If} ${Errors}
    StrCpy $AllUsers 0
    SetShellVarContext current
  ${Else}
    StrCpy $AllUsers 1
    SetShellVarContext all
    SetRegView 64
  ${EndIf}
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  ; Only what the installer put here: never a recursive delete (the folder may have been
  ; chosen by hand and hold other files). User data lives elsewhere and is kept.
  Delete "$INSTDIR\riskatlas.exe"
  Delete "$INSTDIR\riskatlas-cli.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\NOTICE.txt"
  Delete "$INSTDIR\maps\albania-basemap.mbtiles"
  RMDir "$INSTDIR\maps"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ReadRegStr $0 SHCTX "${UNINST_KEY}" "ShortcutName"
  ${If} $0 != ""
    Delete "$SMPROGRAMS\${APP}\$0.lnk"
  ${EndIf}
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  Delete "$DESKTOP\${APP}.lnk"
  DeleteRegKey SHCTX "${UNINST_KEY}"
SectionEnd
