package dev.karton.memorywatcher.sample;

/**
 * One "file" to parse.
 *
 * @param id the task's number, from 1
 * @param name the file's name
 */
record FileTask(long id, String name) {

}
