{
  description = "buildsrs: the data layer and services of a build farm for every crate on crates.io";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs = { self, nixpkgs, flake-utils }:
    flake-utils.lib.eachDefaultSystem (system:
      let
        pkgs = nixpkgs.legacyPackages.${system};
        # One build of the workspace; each package below installs its binaries.
        workspace = { pname, cargoFlags }: pkgs.rustPlatform.buildRustPackage {
          inherit pname;
          version = "0.1.0";
          src = pkgs.lib.cleanSource ./.;
          cargoLock.lockFile = ./Cargo.lock;
          cargoBuildFlags = cargoFlags;
          # The tests need a PostgreSQL server; they start a throwaway one.
          nativeCheckInputs = [ pkgs.postgresql ];
          doCheck = false;
        };
      in
      {
        packages = {
          buildsrs-database = workspace {
            pname = "buildsrs-database";
            cargoFlags = [ "--package" "buildsrs-database" "--bin" "buildsrs-database" ];
          };
          default = self.packages.${system}.buildsrs-database;
        };

        devShells.default = pkgs.mkShell {
          packages = [
            pkgs.cargo
            pkgs.rustc
            pkgs.clippy
            pkgs.rustfmt
            pkgs.postgresql
            pkgs.just
            pkgs.cargo-nextest
          ];
          # cornucopia is not packaged in nixpkgs: install the pinned version
          # into the project once.
          shellHook = ''
            export PATH="$PWD/target/tools/bin:$PATH"
            command -v cornucopia >/dev/null || cargo install cornucopia --version 1.0.1 --locked --root target/tools
          '';
        };
      });
}
