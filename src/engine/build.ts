/** Constructs the engine object a ScheduleSpec describes: the builders are the kind descriptors' (src/engine/kinds). */
export { construct } from './kinds';
