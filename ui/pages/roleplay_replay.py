"""What the Role-play page does after a call, with the recording the call left (the replay
WAV under takes/, both sides): Play the call, Save the call as WAV… elsewhere, Delete the
recording. ReplayActions is mixed into RolePlayPage (ui.pages.roleplay) and works on the
page's `replay` (the WAV's path, None once deleted), `replay_player`, `result` (the
finished call), `results` (its panel) and `message` signal."""

from __future__ import annotations

from pathlib import Path

from ui import exports, speechwork
from ui.tasks import run_task
from ui.widgets.common import PlayWatch


class ReplayActions:
    def play_call(self) -> None:
        if self.replay_player is not None and self.replay_player.state == "playing":
            self._stop_replay()
            return
        if self.replay is None:
            return
        self.replay_player, problem = speechwork.start_playing(self.replay)
        if problem:
            self.results.show_note(f"{problem} You can still save the call as WAV and play "
                                   "it elsewhere.")
            return
        self.results.set_playing(True)
        if getattr(self, "_replay_watch", None) is None:
            self._replay_watch = PlayWatch(self)
        self._replay_watch.watch(self.replay_player, self._stop_replay)  # the end: Play again

    def _stop_replay(self) -> None:
        player, self.replay_player = self.replay_player, None
        if player is not None:
            player.close()
        self.results.set_playing(False)

    def choose_save_path(self) -> None:
        if self.replay is None or self.result is None:
            return
        name = exports.file_stem(f"Role-play {self.result.title}", "Role-play call")
        path = exports.ask_save_path(self, "Save the call", name, ".wav", "WAV audio (*.wav)")
        if path is not None:
            self.save_call(path)

    def save_call(self, path) -> None:
        """Copy the replay to `path`: the one way the call leaves the data folder."""
        from coach.files import copy_atomic

        src, dest = self.replay, Path(path)
        if src is None:
            return
        exports.write_in_background(lambda: copy_atomic(src, dest), dest,
                                    f"Saved the call to {dest}.", self.message.emit)

    def delete_recording(self) -> None:
        if self.replay is None:
            return
        self._stop_replay()
        path, self.replay = self.replay, None
        run_task(lambda: speechwork.discard_file(path))
        self.results.show_replay(False)
