# Every binary of the workspace, from one cargo build, and the test suite as
# a check. registry-sync runs `git` to mirror an index, so it is wrapped with
# git on its PATH.
{ pkgs }:
let
  lib = pkgs.lib;
  common = {
    version = "0.1.0";
    src = lib.cleanSource ../.;
    cargoLock.lockFile = ../Cargo.lock;
  };
  workspace = pkgs.rustPlatform.buildRustPackage (common // {
    pname = "buildsrs";
    cargoBuildFlags = [ "--workspace" "--bins" ];
    nativeBuildInputs = [ pkgs.makeWrapper ];
    doCheck = false;
    postInstall = ''
      wrapProgram $out/bin/buildsrs-registry-sync \
        --prefix PATH : ${lib.makeBinPath [ pkgs.git ]}
    '';
  });
  # One binary of the workspace build, as a package of its own.
  binary = name: pkgs.runCommand name { meta.mainProgram = name; } ''
    mkdir -p $out/bin
    ln -s ${workspace}/bin/${name} $out/bin/${name}
  '';
in
{
  buildsrs = workspace;
  buildsrs-database = binary "buildsrs-database";
  buildsrs-registry-sync = binary "buildsrs-registry-sync";
  buildsrs-backend = binary "buildsrs-backend";
  buildsrs-builder = binary "buildsrs-builder";
  cargo-builds = binary "cargo-builds";

  tests = pkgs.rustPlatform.buildRustPackage (common // {
    pname = "buildsrs-tests";
    useNextest = true;
    nativeCheckInputs = [ pkgs.postgresql pkgs.git pkgs.openssh pkgs.cacert ];
    # The tests find the server binaries through PG_BIN.
    preCheck = ''
      export PG_BIN=${pkgs.postgresql}/bin
      export HOME=$TMPDIR
    '';
    doCheck = true;
    installPhase = "touch $out";
  });
}
