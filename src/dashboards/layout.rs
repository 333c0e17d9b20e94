//! Placement on Grafana's 24-column grid: rows, then lines of panels that share the width
//! evenly. Nothing overlaps by construction; ids count up in reading order.

use super::model::{GridPos, Panel};

/// Grafana's grid width.
pub(crate) const COLUMNS: u32 = 24;

/// Panels placed so far.
#[derive(Default)]
pub(crate) struct Layout {
    panels: Vec<Panel>,
    y: u32,
}

impl Layout {
    /// A row header across the grid.
    pub(crate) fn row(&mut self, mut row: Panel) {
        row.grid_pos = GridPos {
            h: 1,
            w: COLUMNS,
            x: 0,
            y: self.y,
        };
        self.y += 1;
        self.push(row);
    }

    /// A line of panels sharing the width (the first ones get the remainder); the line is as
    /// tall as its tallest panel. An empty line adds nothing.
    pub(crate) fn line(&mut self, panels: Vec<Panel>) {
        if panels.is_empty() {
            return;
        }
        let n = u32::try_from(panels.len())
            .unwrap_or(COLUMNS)
            .clamp(1, COLUMNS);
        let width = COLUMNS / n;
        let extra = COLUMNS % n;
        let height = panels.iter().map(|p| p.grid_pos.h).max().unwrap_or(8);
        let mut x = 0;
        for (i, mut panel) in panels.into_iter().take(COLUMNS as usize).enumerate() {
            let w = width + u32::from((i as u32) < extra);
            panel.grid_pos = GridPos {
                h: height,
                w,
                x,
                y: self.y,
            };
            x += w;
            self.push(panel);
        }
        self.y += height;
    }

    fn push(&mut self, mut panel: Panel) {
        panel.id = u32::try_from(self.panels.len() + 1).unwrap_or(u32::MAX);
        self.panels.push(panel);
    }

    /// The placed panels.
    pub(crate) fn finish(self) -> Vec<Panel> {
        self.panels
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboards::panels;

    #[test]
    fn lines_fill_the_grid_without_overlap() {
        let mut layout = Layout::default();
        layout.row(panels::row("r"));
        let p = || panels::row("p");
        layout.line(vec![p(), p(), p(), p(), p()]);
        let placed = layout.finish();
        let widths: Vec<u32> = placed[1..].iter().map(|p| p.grid_pos.w).collect();
        assert_eq!(widths, [5, 5, 5, 5, 4]);
        let xs: Vec<u32> = placed[1..].iter().map(|p| p.grid_pos.x).collect();
        assert_eq!(xs, [0, 5, 10, 15, 20]);
        assert!(placed[1..].iter().all(|p| p.grid_pos.y == 1));
        let ids: Vec<u32> = placed.iter().map(|p| p.id).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    }
}
