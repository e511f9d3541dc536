{
  description = "buildsrs: the data layer and services of a build farm for every crate on crates.io";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs = { self, nixpkgs, flake-utils }:
    flake-utils.lib.eachDefaultSystem
      (system:
        let
          pkgs = nixpkgs.legacyPackages.${system};
          buildsrs = import ./nix/packages.nix { inherit pkgs; };
        in
        {
          packages = buildsrs // { default = buildsrs.buildsrs; };

          # `nix flake check`: the whole test suite, with PostgreSQL, git and
          # OpenSSH in the build sandbox (loopback only; the tests start
          # throwaway clusters of their own).
          checks.tests = buildsrs.tests;

          devShells.default = pkgs.mkShell {
            packages = [
              pkgs.cargo
              pkgs.rustc
              pkgs.clippy
              pkgs.rustfmt
              pkgs.postgresql
              pkgs.just
              pkgs.cargo-nextest
              pkgs.git
              pkgs.openssh
              pkgs.bubblewrap
            ];
            # cornucopia is not packaged in nixpkgs: install the pinned version
            # into the project once.
            shellHook = ''
              export PATH="$PWD/target/tools/bin:$PATH"
              command -v cornucopia >/dev/null || cargo install cornucopia --version 1.0.1 --locked --root target/tools
            '';
          };
        })
    // {
      # services.buildsrs.{registry-sync,backend,builder}: see nix/module.nix.
      nixosModules.default = import ./nix/module.nix self;
    };
}
